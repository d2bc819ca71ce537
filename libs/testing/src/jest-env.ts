// Integration tests run in UTC against the test database and Redis DB 1, never the demo's data.
process.env.TZ = 'UTC';
process.env.NODE_ENV = 'test';
