module github.com/jisr-cell/jisr

go 1.26
