// Request and response bodies of the content service's HTTP API, shared by the service and its tests.
export {};
