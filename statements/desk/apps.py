from django.contrib.admin.apps import AdminConfig


class DeskAdminConfig(AdminConfig):
    """Django's admin, with the desk's own site (its home page and the newsroom's name)."""

    default_site = "statements.desk.site.DeskSite"
