package scenario

import (
	"embed"
	"fmt"
	"path"
	"sort"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Builtin returns the names of the built-in scenarios, sorted.
func Builtin() []string {
	entries, err := builtinFS.ReadDir("builtin")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
		}
	}
	sort.Strings(names)
	return names
}

// BuiltinSource returns the YAML source of a built-in scenario.
func BuiltinSource(name string) ([]byte, error) {
	for _, n := range Builtin() {
		if n == name {
			return builtinFS.ReadFile(path.Join("builtin", name+".yaml"))
		}
	}
	return nil, fmt.Errorf("no built-in scenario %q%s (built-in: %s)", name, didYouMean(suggestBuiltin(name)), strings.Join(Builtin(), ", "))
}

// LoadBuiltin parses a built-in scenario.
func LoadBuiltin(name string) (*Scenario, error) {
	src, err := BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	return Parse("builtin/"+name+".yaml", src)
}

func suggestBuiltin(name string) []string {
	var cands []candidate
	for _, n := range Builtin() {
		cands = append(cands, candidate{n, n})
		for _, word := range strings.Split(n, "-") {
			cands = append(cands, candidate{word, n})
		}
	}
	return suggest(name, cands)
}
