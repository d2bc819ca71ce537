// Renders (and lints) the chart with Helm's own library through helm-java; run by deploy/check.sh:
//   java -cp <classpath> Render.java <chart> <out.yaml> [--values file]... [--set key=value]...
// It lints the chart first (strict: a warning fails too).
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;

public class Render {
  public static void main(String[] args) throws Exception {
    Path chart = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Helm helm = new Helm(chart);
    LintResult lint = helm.lint().strict().call();
    lint.getMessages().forEach(message -> System.out.println("lint: " + message));
    if (lint.isFailed()) {
      System.err.println("helm lint failed");
      System.exit(1);
    }
    TemplateCommand template = helm.template().withName("advocacy").withNamespace("advocacy");
    for (int i = 2; i < args.length; i += 2) {
      switch (args[i]) {
        case "--values" -> template = template.withValuesFile(Path.of(args[i + 1]));
        case "--set" -> {
          String[] pair = args[i + 1].split("=", 2);
          template = template.set(pair[0], pair[1]);
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.writeString(out, template.call());
    System.out.println("rendered " + chart + " with Helm " + Helm.version().call() + " into " + out);
  }
}
