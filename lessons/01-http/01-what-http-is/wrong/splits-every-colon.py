def read_request(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, version = lines[0].split(" ")
    path, _, query = target.partition("?")
    headers = {}
    for line in lines[1:]:
        parts = line.split(":")
        headers[parts[0].strip().lower()] = parts[1].strip()
    length = int(headers.get("content-length", "0"))
    return {"method": method, "path": path, "query": query, "headers": headers, "body": body[:length]}
