"""One log line per request (JSON in production, through python-json-logger's formatter)."""

import logging
import time

logger = logging.getLogger("evnews.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "cache": response.get("X-Cache", ""),
                "bytes": len(response.content) if not response.streaming else None,
            },
        )
        return response
