"""The leadership dashboard, the related-incident graph and the open-data pages.

:class:`~pmkb_mkdocs.dashboard.dashboard_pages.DashboardPages` lists these pages for
:meth:`pmkb_mkdocs.site_pages.SitePages.specs` and renders them from the build's
one :class:`pmkb.analytics.CorpusAnalytics`. Nothing here imports MkDocs.
"""
