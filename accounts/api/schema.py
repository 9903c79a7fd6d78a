"""drf-spectacular: describe the X-Session-Token security scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class SessionTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.SessionTokenAuthentication"
    name = "sessionToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Session-Token",
            "description": (
                "The session token allauth's headless app API returns on sign-up or sign-in "
                "(`meta.session_token`). Send it on every request. See the API description "
                "for the whole flow."
            ),
        }
