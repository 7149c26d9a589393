"""Write the site: plan pages, paginate, render with the theme, exports, site files, search."""
