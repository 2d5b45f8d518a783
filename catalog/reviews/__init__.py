"""Product reviews: Oscar's `catalogue.reviews` app (models, dashboard) with our form and views.

Oscar's class loader looks for `catalogue.reviews.*` in the app labelled `catalogue` first, which
is this package's parent: classes defined here replace Oscar's, the rest stay Oscar's."""
