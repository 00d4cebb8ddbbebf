// Starts swagger-ui on /api/v1/docs from the settings the page carries (no inline script).
(function () {
  "use strict";
  var body = document.body;
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  config.requestInterceptor = function (request) {
    // Writes need the CSRF token (docs/api.md); the page carries it for the "Try it out" button.
    if (body.dataset.csrfToken) {
      request.headers["X-CSRFToken"] = body.dataset.csrfToken;
    }
    return request;
  };
  SwaggerUIBundle(config);
})();
