"""Training pairs from statutes and court cases: pseudo-queries from articles, 참조조문 cases, plain-language
rewrites."""
