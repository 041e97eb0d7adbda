package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The fields of a Kubernetes batch/v1 Job the recipes use, named as in the
// API. Decoding with KnownFields makes a misspelt field fail the test.
type k8sJob struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode          string `yaml:"completionMode"`
		Completions             *int   `yaml:"completions"`
		Parallelism             *int   `yaml:"parallelism"`
		BackoffLimit            *int   `yaml:"backoffLimit"`
		BackoffLimitPerIndex    *int   `yaml:"backoffLimitPerIndex"`
		MaxFailedIndexes        *int   `yaml:"maxFailedIndexes"`
		TTLSecondsAfterFinished *int   `yaml:"ttlSecondsAfterFinished"`
		Template                struct {
			Metadata struct {
				Labels map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec struct {
				RestartPolicy string         `yaml:"restartPolicy"`
				Containers    []k8sContainer `yaml:"containers"`
				Volumes       []struct {
					Name     string `yaml:"name"`
					EmptyDir *struct {
						SizeLimit string `yaml:"sizeLimit"`
					} `yaml:"emptyDir"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type k8sContainer struct {
	Name  string   `yaml:"name"`
	Image string   `yaml:"image"`
	Args  []string `yaml:"args"`
	Env   []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom *struct {
			SecretKeyRef *struct {
				Name string `yaml:"name"`
				Key  string `yaml:"key"`
			} `yaml:"secretKeyRef"`
		} `yaml:"valueFrom"`
	} `yaml:"env"`
	Resources struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	} `yaml:"resources"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

func readJob(t *testing.T, name string) (k8sJob, k8sContainer) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "kubernetes", name))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var j k8sJob
	if err := dec.Decode(&j); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if j.APIVersion != "batch/v1" || j.Kind != "Job" || j.Spec.Template.Spec.RestartPolicy != "Never" {
		t.Fatalf("%s: not a batch/v1 Job with restartPolicy Never", name)
	}
	if len(j.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("%s: want one container", name)
	}
	return j, j.Spec.Template.Spec.Containers[0]
}

// checkCredentials: the AWS keys come from a Secret, never from a literal
// or the command line.
func checkCredentials(t *testing.T, name string, c k8sContainer) {
	t.Helper()
	fromSecret := map[string]bool{}
	for _, e := range c.Env {
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && e.ValueFrom.SecretKeyRef.Name == "cohortgen-s3" {
			fromSecret[e.Name] = true
		} else if strings.Contains(e.Name, "KEY") || strings.Contains(e.Name, "SECRET") {
			t.Errorf("%s: %s is not taken from a Secret", name, e.Name)
		}
	}
	for _, v := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} {
		if !fromSecret[v] {
			t.Errorf("%s: %s does not come from the cohortgen-s3 Secret", name, v)
		}
	}
	for _, a := range c.Args {
		if strings.Contains(strings.ToLower(a), "secret") || strings.Contains(strings.ToLower(a), "key=") {
			t.Errorf("%s: a credential on the command line: %s", name, a)
		}
	}
}

// TestKubernetesRecipe parses the Indexed Job and the verify Job: the
// generate pods' command line parses with cohortgen's own flags, its
// auto/N equals completions, each index resolves from JOB_COMPLETION_INDEX,
// and verify checks the root the shards write.
func TestKubernetesRecipe(t *testing.T) {
	gen, c := readJob(t, "generate-job.yaml")
	s := gen.Spec
	if s.CompletionMode != "Indexed" || s.Completions == nil || s.Parallelism == nil || *s.Parallelism > *s.Completions {
		t.Fatalf("generate: want completionMode Indexed with parallelism <= completions, got %+v", s)
	}
	if s.BackoffLimitPerIndex == nil || *s.BackoffLimitPerIndex < 1 {
		t.Error("generate: a failed pod should be retried for its own index (backoffLimitPerIndex)")
	}
	if c.Resources.Requests["memory"] == "" || c.Resources.Limits["memory"] == "" || c.Resources.Requests["cpu"] == "" {
		t.Error("generate: resources not sized")
	}
	checkCredentials(t, "generate", c)
	if len(c.Args) == 0 || c.Args[0] != "generate" {
		t.Fatalf("generate: args %q", c.Args)
	}
	cmd := newGenerateCmd(io.Discard, io.Discard)
	if err := cmd.ParseFlags(c.Args[1:]); err != nil {
		t.Fatalf("generate: the command line does not parse: %v", err)
	}
	fl := cmd.Flags()
	shard, _ := fl.GetString("shard")
	indexVar, _ := fl.GetString("shard-index-env")
	out, _ := fl.GetString("out")
	for k := range *s.Completions {
		got, err := parseShard(shard, indexVar, func(v string) string {
			if v == "JOB_COMPLETION_INDEX" {
				return strconv.Itoa(k)
			}
			return ""
		})
		if err != nil || got.K != k || got.N != *s.Completions {
			t.Fatalf("generate: index %d of %d gives shard %v, %v", k, *s.Completions, got, err)
		}
	}

	ver, vc := readJob(t, "verify-job.yaml")
	if ver.Spec.CompletionMode == "Indexed" || len(vc.Args) != 2 || vc.Args[0] != "verify" || vc.Args[1] != out {
		t.Fatalf("verify: want one pod running `verify %s`, got %q", out, vc.Args)
	}
	checkCredentials(t, "verify", vc)
}

// TestSlurmRecipe: the array script is valid bash, and its array covers
// exactly the shards auto/N expects.
func TestSlurmRecipe(t *testing.T) {
	path := filepath.Join("..", "..", "deploy", "slurm", "cohortgen-array.sh")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bash, err := exec.LookPath("bash"); err == nil {
		if out, err := exec.Command(bash, "-n", path).CombinedOutput(); err != nil {
			t.Fatalf("bash -n: %v %s", err, out)
		}
	}
	src := string(b)
	arr := regexp.MustCompile(`(?m)^#SBATCH --array=0-(\d+)$`).FindStringSubmatch(src)
	shards := regexp.MustCompile(`(?m)^SHARDS=(\d+)$`).FindStringSubmatch(src)
	if arr == nil || shards == nil {
		t.Fatal("no #SBATCH --array=0-M or SHARDS=N line")
	}
	last, _ := strconv.Atoi(arr[1])
	n, _ := strconv.Atoi(shards[1])
	if last != n-1 {
		t.Errorf("--array=0-%d does not cover auto/%d", last, n)
	}
	if !strings.Contains(src, `--shard "auto/$SHARDS"`) || !strings.Contains(src, "verify $OUT") {
		t.Error("the script does not generate --shard auto/$SHARDS and verify $OUT")
	}
}
