"""`blog import hugo`: read a Hugo site's configuration and write the equivalent `blog.yaml`.

Reading (`hugo_config`), mapping (`mapping`, `languages`), the report and the files written.
"""
