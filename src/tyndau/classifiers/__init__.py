"""Classifiers of function, narratives and grievances (scikit-learn contract)."""
