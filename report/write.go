package report

import (
	_ "embed"
	"html/template"
	"io"
)

//go:embed page.html
var pageHTML string

//go:embed style.css
var styleCSS string

var pageTemplate = template.Must(template.Must(template.New("page").Parse(pageHTML)).
	New("style").Parse(styleCSS))

// Write renders the report as one HTML document.
func (d *Data) Write(w io.Writer) error {
	return pageTemplate.ExecuteTemplate(w, "page", d.page())
}
