"""How long an idle HTTP/1.1 connection stays open: one rule for the server and its balancer.

When a server closes an idle keep-alive connection at the moment its peer sends the next
request on it, that request dies with a reset, and a POST is not retried by nginx or by most
clients. The side that reuses connections must give up on them first: the balancer drops an
idle upstream connection after ``BALANCER_IDLE_S``; ``souk serve`` keeps one for
``SERVER_IDLE_S``, longer (uvicorn's own default, 5 s, is shorter than nginx's 60 s).
"""

BALANCER_IDLE_S = 60
SERVER_IDLE_S = 75
