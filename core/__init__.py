"""The helpers every app shares, at the bottom of the layers (docs/architecture.md): the client's
address behind the proxy, spreadsheet safety, logs, outages, the project's middleware, the admin
base for records only our code writes, the form renderer, translated content, and the drafts,
schedules and previews of public content (publishing). It imports no app of ours."""
