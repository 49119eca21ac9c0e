"""The fact-checkers' desk: the face of the project that the newsroom works in (docs/desk.md).

ModelAdmins, their forms, the desk home and notifications live here, on top of the domain
(`statements.models`, `statements.services`), as `statements.api` does for partners.
"""
