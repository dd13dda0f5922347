def read_request(data):
    head, _, rest = data.partition(b"\r\n\r\n")
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, target, version = request_line.split(" ")
    path, query = target.split("?", 1) if "?" in target else (target, "")
    headers = {}
    for line in header_lines:
        name, value = line.split(":", 1)
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    return {"method": method, "path": path, "query": query, "headers": headers, "body": rest[:length]}
