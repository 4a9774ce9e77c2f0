"""`summariser serve`: review FAQ drafts in the browser, through the same core as `review`.

`app.py` holds the pages and the one decision endpoint, `state.py` what the release list and the
release page show, `server.py` binds the socket and runs uvicorn; the command is in
`summariser/cli/serve.py`. The page is plain HTML from Jinja2 templates (autoescaped) with one
small script for the keyboard shortcuts; every asset is served by the app itself.
"""
