"""Site -> (url, bytes): the one Jinja environment, template views, pages, feeds, sitemaps."""
