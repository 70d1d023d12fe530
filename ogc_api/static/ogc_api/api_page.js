// The OGC API's documentation page: Swagger UI (vendored from npm) reads the OpenAPI document of this server.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  const target = document.getElementById("swagger-ui");
  if (!target || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: target.dataset.specUrl,
    domNode: target,
    deepLinking: false,
    tryItOutEnabled: false,
    validatorUrl: null, // no calls to swagger.io: the page works without the internet
  });
});
