-- wrk script: every request is a POST with a 1 KiB body (wrk adds Content-Length).
wrk.method = "POST"
wrk.body = string.rep("p", 1024)
wrk.headers["Content-Type"] = "application/octet-stream"
