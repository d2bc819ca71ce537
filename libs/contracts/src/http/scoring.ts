// Request and response bodies of the scoring service's HTTP API, shared by the service and its tests.
export {};
