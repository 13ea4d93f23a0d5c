"""The staff edge: sign-in and the pages complaints teams use. Views, forms and urls only."""
