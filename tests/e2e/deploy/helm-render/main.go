// helm-render renders a Helm chart the way `helm template` does, for the
// chart checks of tests/e2e/deploy (there is no helm binary here): Go's
// text/template with the sprig functions and Helm's own (include, tpl,
// required, toYaml, fromYaml, lookup), values.yaml deep-merged with each -f
// file, .Release/.Chart/.Capabilities/.Template, missingkey=zero with
// "<no value>" removed, partials (_*) parsed but not rendered, .Files.Get.
//
// Built offline in GOPATH mode from Debian's Go packages (see run_chart_test.sh):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o helm-render main.go
//
// Usage: helm-render --chart DIR [-f FILE]... [--api-versions a/v1,b/v1]
//
//	[--name zt] [--namespace zt] [--values-json FILE] [--json]
//
// Prints the manifests as a YAML stream, or with --json a JSON array of
// {"source": "zt/templates/x.yaml", "object": {...}}. Exit 1 on any error.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ",") }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

// APIVersions is .Capabilities.APIVersions: Has("group/version") or Has("group/version/Kind").
type APIVersions []string

func (a APIVersions) Has(v string) bool {
	for _, x := range a {
		if x == v || strings.HasPrefix(x, v+"/") {
			return true
		}
	}
	return false
}

// The API groups of a plain cluster; --api-versions adds CRD groups.
var builtinAPIs = []string{"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2",
	"networking.k8s.io/v1", "rbac.authorization.k8s.io/v1"}

func readYAMLMap(file string) (map[string]interface{}, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	m := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if m == nil {
		m = map[string]interface{}{}
	}
	return m, nil
}

// mergeValues: Helm's coalescing of user values over chart defaults. Maps
// merge key by key, anything else replaces, null deletes the key.
func mergeValues(dst, src map[string]interface{}) map[string]interface{} {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		sm, sok := v.(map[string]interface{})
		dm, dok := dst[k].(map[string]interface{})
		if sok && dok {
			dst[k] = mergeValues(dm, sm)
		} else {
			dst[k] = v
		}
	}
	return dst
}

func toYAML(v interface{}) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(data), "\n")
}

func fromYAML(s string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

// Files is .Files: the chart's non-template files (Get reads one, "" if absent).
type Files struct{ dir string }

func (f Files) Get(name string) string {
	data, err := os.ReadFile(filepath.Join(f.dir, filepath.FromSlash(name)))
	if err != nil {
		return ""
	}
	return string(data)
}

type renderer struct {
	tpl *template.Template
}

func (r *renderer) funcs() template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env") // as Helm: no access to the renderer's environment
	delete(f, "expandenv")
	f["toYaml"] = toYAML
	f["fromYaml"] = fromYAML
	f["toJson"] = func(v interface{}) string { b, _ := json.Marshal(v); return string(b) }
	f["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil {
			return nil, errors.New(msg)
		}
		if s, ok := v.(string); ok && s == "" {
			return nil, errors.New(msg)
		}
		return v, nil
	}
	f["lookup"] = func(string, string, string, string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil // no cluster: as `helm template`
	}
	f["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		if err := r.tpl.ExecuteTemplate(&buf, name, data); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
	f["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := r.tpl.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
	return f
}

func chartMeta(chartDir string) (map[string]interface{}, error) {
	raw, err := readYAMLMap(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return nil, err
	}
	meta := map[string]interface{}{}
	for k, v := range raw { // Helm exposes Chart.yaml fields capitalised: .Chart.AppVersion
		meta[strings.ToUpper(k[:1])+k[1:]] = v
	}
	return meta, nil
}

var docSeparator = regexp.MustCompile(`(?m)^---[ \t]*$`)

type manifest struct {
	Source string                 `json:"source"`
	Object map[string]interface{} `json:"object"`
}

func run() error {
	chartDir := flag.String("chart", "", "chart folder")
	var files fileList
	flag.Var(&files, "f", "values file (repeatable, later ones win)")
	apis := flag.String("api-versions", "", "extra API versions the cluster serves, comma-separated")
	name := flag.String("name", "zt", "release name")
	namespace := flag.String("namespace", "zt", "release namespace")
	valuesOut := flag.String("values-json", "", "also write the merged values as JSON to this file")
	asJSON := flag.Bool("json", false, "print a JSON array of {source, object}")
	flag.Parse()
	if *chartDir == "" {
		return errors.New("--chart is required")
	}
	values, err := readYAMLMap(filepath.Join(*chartDir, "values.yaml"))
	if err != nil {
		return err
	}
	for _, f := range files {
		v, err := readYAMLMap(f)
		if err != nil {
			return err
		}
		values = mergeValues(values, v)
	}
	if *valuesOut != "" {
		b, _ := json.MarshalIndent(values, "", "  ")
		if err := os.WriteFile(*valuesOut, b, 0o644); err != nil {
			return err
		}
	}
	meta, err := chartMeta(*chartDir)
	if err != nil {
		return err
	}
	chartName, _ := meta["Name"].(string)
	available := APIVersions(append([]string{}, builtinAPIs...))
	for _, a := range strings.Split(*apis, ",") {
		if a = strings.TrimSpace(a); a != "" {
			available = append(available, a)
		}
	}

	r := &renderer{}
	r.tpl = template.New(chartName).Option("missingkey=zero")
	r.tpl.Funcs(r.funcs())
	var names []string
	root := filepath.Join(*chartDir, "templates")
	err = filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(*chartDir, p)
		tname := path.Join(chartName, filepath.ToSlash(rel))
		text, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if _, err := r.tpl.New(tname).Parse(string(text)); err != nil {
			return err
		}
		base := filepath.Base(p)
		if !strings.HasPrefix(base, "_") && base != "NOTES.txt" {
			names = append(names, tname)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(names)

	var out []manifest
	var stream strings.Builder
	for _, tname := range names {
		ctx := map[string]interface{}{
			"Values": values,
			"Chart":  meta,
			"Release": map[string]interface{}{"Name": *name, "Namespace": *namespace, "Service": "Helm",
				"IsInstall": true, "IsUpgrade": false, "Revision": 1},
			"Capabilities": map[string]interface{}{
				"APIVersions": available,
				"KubeVersion": map[string]interface{}{"Version": "v1.29.0", "Major": "1", "Minor": "29",
					"GitVersion": "v1.29.0"},
			},
			"Template": map[string]interface{}{"Name": tname, "BasePath": path.Join(chartName, "templates")},
			"Files":    Files{dir: *chartDir},
		}
		var buf bytes.Buffer
		if err := r.tpl.ExecuteTemplate(&buf, tname, ctx); err != nil {
			return err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		for _, doc := range docSeparator.Split(text, -1) {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			obj := map[string]interface{}{}
			if err := yaml.Unmarshal([]byte(doc), &obj); err != nil {
				return fmt.Errorf("%s: rendered YAML does not parse: %v\n%s", tname, err, doc)
			}
			if len(obj) == 0 {
				continue
			}
			out = append(out, manifest{Source: tname, Object: obj})
			fmt.Fprintf(&stream, "---\n# Source: %s\n%s\n", tname, strings.TrimSpace(doc))
		}
	}
	if *asJSON {
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		fmt.Println(string(b))
	} else {
		fmt.Print(stream.String())
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "helm-render:", err)
		os.Exit(1)
	}
}
