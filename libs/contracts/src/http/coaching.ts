// Request and response bodies of the coaching service's HTTP API, shared by the service and its tests.
export {};
