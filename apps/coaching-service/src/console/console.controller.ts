import { Controller, Get, Header } from '@nestjs/common';
import { ApiDoc, Public } from '@advocacy/platform';
import { CONSOLE_HTML, CONSOLE_JS } from './console.page';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Static and public: the data behind the page comes from the JSON API with the coach's own token. */
@Controller('console')
@Public()
export class ConsoleController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CSP)
  @Header('referrer-policy', 'no-referrer')
  @Header('cache-control', 'no-store')
  @ApiDoc({ summary: 'The coach console page (#token=<coach token>, a fragment the server never sees)' })
  page(): string {
    return CONSOLE_HTML;
  }

  @Get('console.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @ApiDoc({ summary: "The coach console's script" })
  script(): string {
    return CONSOLE_JS;
  }
}
