"""`blog serve`: the development HTTP server with live reload (`http`), request paths (`files`)."""
