"""Knowledge every layer shares: text normalisation, figures and Chinese numerals, units, periods, labels, errors, result tables."""
