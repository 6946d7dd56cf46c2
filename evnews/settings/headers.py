"""The security headers every response carries in production, shared by prod.py and test.py so
the browser tests meet what readers' browsers meet (a Referrer-Policy or frame rule that only
production sends once hid a CSRF failure from every test).

HTTPS-only settings (HSTS, secure cookies, the SSL redirect) stay in prod.py: the test server
speaks plain HTTP, and a browser would refuse secure cookies there.
"""

SECURE_CONTENT_TYPE_NOSNIFF = True
# Cross-site requests get the origin only; same-origin requests (a form posting to its own
# page) keep an Origin header, which Django's CSRF check needs.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
