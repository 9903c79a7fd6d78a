"""Payment providers behind one interface: ``registry.get_gateway(name)``.

Each provider's HTTP client or SDK is imported in its own module only (``toss.py`` uses
httpx, ``portone.py`` the official ``portone-server-sdk``); everything else in billing sees
the plain dataclasses of ``base.py``.
"""
