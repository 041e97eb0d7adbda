package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
	"github.com/code4health/cohortgen/storage"
)

// generateFlags are the raw flag values, checked by config.
type generateFlags struct {
	patients   int64
	seed       uint64
	out        string
	formats    []string
	asOf       string
	popDate    string
	horizon    string
	since      string
	history    int
	region     string
	workers    int
	shard      string
	shardEnv   string
	force      bool
	nhsNumbers string
	quiet      bool
	scenario   string
	writers    cohortgen.WriterOptions
	// changed reports whether a flag was given on the command line (flags
	// override the scenario file).
	changed func(name string) bool
}

func newGenerateCmd(stdout, stderr io.Writer) *cobra.Command {
	var f generateFlags
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Generate a synthetic population into a dataset folder",
		Example: `  cohortgen generate -n 1000 -o out
  cohortgen generate -n 100000 --seed 42 --region london -f parquet,arrow -o london
  cohortgen generate -n 1000000 --shard 0/4 -o out   # one of four machines, all writing into out
  cohortgen generate -n 57000000 --shard auto/64 -o s3://bucket/england   # K from the Indexed Job or array job`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.changed = cmd.Flags().Changed
			cfg, err := f.config()
			if err != nil {
				return usageError{err}
			}
			if cfg.AsOf > cfg.Population() && !f.changed("horizon") && !f.quiet {
				fmt.Fprintf(stderr, "cohortgen: note: lives are simulated to --as-of %s; a run with a later --as-of would change them before it. For a living sandbox, give the same --horizon to every run (e.g. --horizon %d-12-31); see docs/living-sandbox.md\n",
					cfg.AsOf, cfg.AsOf.Time().Year()+5)
			}
			return runGenerate(cmd, cfg, f.quiet, stdout, stderr)
		},
	}
	fl := cmd.Flags()
	fl.Int64VarP(&f.patients, "patients", "n", 1000, "patients to generate")
	fl.Uint64VarP(&f.seed, "seed", "s", 1, "64-bit seed")
	fl.StringVarP(&f.out, "out", "o", "./out", "output folder, or a bucket URL (s3://, gs://, azblob://, file://)")
	fl.StringSliceVarP(&f.formats, "format", "f", []string{"parquet"}, "comma list of formats: "+strings.Join(cohortgen.Formats(), ", "))
	fl.StringVar(&f.asOf, "as-of", "", "YYYY-MM-DD: the record as it stood at the end of this day (default: the population date)")
	fl.StringVar(&f.popDate, "population-date", generator.DefaultAsOf.String(), "YYYY-MM-DD: the day the population is defined on (who is alive, their conditions); a later --as-of ages the same people")
	fl.StringVar(&f.horizon, "horizon", "", "YYYY-MM-DD: simulate lives to this day (default: the later of --as-of and --population-date); keep it fixed across the runs of a living sandbox")
	fl.StringVar(&f.since, "since", "", "YYYY-MM-DD: write only what is new or changed after this day, up to --as-of (a delta for a dataset made with --as-of DATE)")
	fl.IntVar(&f.history, "history", 10, "years of encounter history before --population-date")
	fl.StringVar(&f.region, "region", "england", "one NHS England region ("+regionNames()+"), or england")
	fl.IntVar(&f.workers, "workers", runtime.NumCPU(), "parallel workers")
	fl.StringVar(&f.shard, "shard", "", "generate only shard K/N (0 <= K < N): a contiguous range of patients; auto/N takes K from the batch system (JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX or SLURM_ARRAY_TASK_ID)")
	fl.StringVar(&f.shardEnv, "shard-index-env", "", "with --shard auto/N: the environment variable holding K (instead of the batch systems' own)")
	fl.BoolVar(&f.force, "force", false, "replace an earlier cohortgen dataset in the output folder (never anything else)")
	fl.StringVar(&f.nhsNumbers, "nhs-numbers", "test-range", "test-range (999..., at most 909,091 patients) or extended (adds never-issued 990-998 prefixes)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print nothing but errors")
	fl.StringVar(&f.writers.ParquetCompression, "parquet-compression", "", "Parquet compression of ids, strings and floats: snappy (default), zstd or none")
	fl.StringVar(&f.writers.ArrowCompression, "arrow-compression", "", "Arrow record batch compression: none (default), zstd or lz4")
	fl.StringVar(&f.scenario, "scenario", "", "a scenario file, or the name of a built-in scenario (cohortgen scenario list); flags given override it")
	return cmd
}

func regionNames() string {
	var names []string
	for _, r := range datasets.Regions() {
		names = append(names, r.Slug)
	}
	return strings.Join(names, ", ")
}

// config turns the flags into a run configuration, naming the first bad value.
func (f generateFlags) config() (cohortgen.Config, error) {
	cfg := cohortgen.Config{Out: f.out, Force: f.force}
	cfg.Seed = f.seed
	if f.patients < 0 {
		return cfg, fmt.Errorf("--patients must be 0 or more, got %d", f.patients)
	}
	cfg.Patients = f.patients
	var err error
	if err := f.dates(&cfg); err != nil {
		return cfg, err
	}
	cfg.HistoryYears = f.history
	if !strings.EqualFold(f.region, "england") {
		r, ok := datasets.RegionBySlug(f.region)
		if !ok {
			return cfg, fmt.Errorf("--region %q is not an NHS England region (use one of: england, %s)", f.region, regionNames())
		}
		cfg.Region = r.Code
	}
	if f.workers < 1 {
		return cfg, fmt.Errorf("--workers must be 1 or more, got %d", f.workers)
	}
	cfg.Workers = f.workers
	if f.shard != "" {
		if cfg.Shard, err = parseShard(f.shard, f.shardEnv, os.Getenv); err != nil {
			return cfg, err
		}
	}
	switch f.nhsNumbers {
	case "test-range":
	case "extended":
		cfg.ExtendedNHSNumbers = true
	default:
		return cfg, fmt.Errorf("--nhs-numbers %q: use test-range or extended", f.nhsNumbers)
	}
	for _, s := range f.formats {
		cfg.Formats = append(cfg.Formats, strings.ToLower(strings.TrimSpace(s)))
	}
	if err := cohortgen.CheckFormats(cfg.Formats); err != nil {
		return cfg, err
	}
	if err := cohortgen.CheckDelta(cfg); err != nil {
		return cfg, err
	}
	cfg.Writers = f.writers
	if err := cfg.Writers.Check(); err != nil {
		return cfg, err
	}
	if f.scenario != "" {
		if err := f.applyScenario(&cfg); err != nil {
			return cfg, err
		}
	}
	return cfg, cfg.Options.Validate()
}

// applyScenario loads the scenario and lets it set what the command line
// did not: seed, as-of date, history, and the background size.
func (f generateFlags) applyScenario(cfg *cohortgen.Config) error {
	sc, err := scenario.Load(f.scenario)
	if err != nil {
		return fmt.Errorf("--scenario %s: %w", f.scenario, err)
	}
	src, err := os.ReadFile(f.scenario)
	if err != nil {
		src, _ = scenario.BuiltinSource(f.scenario)
	}
	sum := sha256.Sum256(src)
	cfg.ScenarioSHA256 = hex.EncodeToString(sum[:])
	pop := &sc.Population
	if pop.Seed != nil && !f.changed("seed") {
		cfg.Seed = *pop.Seed
	}
	if pop.AsOf != models.NoDate && !f.changed("population-date") {
		cfg.PopulationDate = pop.AsOf // the scenario's people are defined on its date
		if !f.changed("as-of") {
			cfg.AsOf = pop.AsOf
		}
	}
	if pop.HistoryYears != nil && !f.changed("history") {
		cfg.HistoryYears = *pop.HistoryYears
	}
	if f.changed("patients") {
		sc.Background = f.patients // -n sets the ordinary population around the cohorts
	}
	if f.changed("region") && cfg.Region != "" {
		pop.Regions = []scenario.RegionWeight{{Region: cfg.Region, Weight: 1}}
	}
	cfg.Region = ""
	cfg.Scenario = sc
	cfg.Patients = sc.Total()
	return nil
}

// dates reads the date flags: the population date (default the fixed
// DefaultAsOf), the as-of date (default the population date), the horizon
// and the base date of a delta (both unset by default).
func (f generateFlags) dates(cfg *cohortgen.Config) error {
	var err error
	if cfg.PopulationDate, err = parseDate("--population-date", f.popDate); err != nil {
		return err
	}
	cfg.AsOf = cfg.PopulationDate
	if f.asOf != "" {
		if cfg.AsOf, err = parseDate("--as-of", f.asOf); err != nil {
			return err
		}
	}
	if f.horizon != "" {
		if cfg.Horizon, err = parseDate("--horizon", f.horizon); err != nil {
			return err
		}
	}
	if f.since != "" {
		if cfg.Since, err = parseDate("--since", f.since); err != nil {
			return err
		}
	}
	return nil
}

// parseDate reads a YYYY-MM-DD flag value.
func parseDate(flag, v string) (models.Date, error) {
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return models.NoDate, fmt.Errorf("%s %q is not a date in the form YYYY-MM-DD", flag, v)
	}
	return models.DateOf(t), nil
}

func runGenerate(cmd *cobra.Command, cfg cohortgen.Config, quiet bool, stdout, stderr io.Writer) error {
	first, end := cfg.Shard.Range(cfg.Patients)
	total := end - first
	if f, ok := stderr.(*os.File); ok && !quiet && term.IsTerminal(int(f.Fd())) && total > 0 {
		bar := progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("patients"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("patients"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		cfg.Progress = func(done int64) { _ = bar.Set64(done) }
		defer bar.Finish()
	}
	if !quiet {
		cfg.Notify = func(line string) { fmt.Fprintln(stderr, line) }
	}
	start := time.Now()
	m, err := cohortgen.Generate(cmd.Context(), cfg)
	if err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintln(stdout, summary(m, storage.Redact(cfg.Out), time.Since(start)))
	}
	return nil
}

// summary is the one line printed after a run.
func summary(m *cohortgen.Manifest, out string, took time.Duration) string {
	var parts []string
	var rows int64
	for _, t := range cohortgen.TableOrder {
		if n, ok := m.Tables[t]; ok {
			parts = append(parts, fmt.Sprintf("%s %d", t, n))
			rows += n
		}
	}
	secs := took.Seconds()
	patients := m.PatientRange[1] - m.PatientRange[0]
	return fmt.Sprintf("cohortgen: %d patients, %d rows (%s), %.1f MB in %s, %.2f s, %.0f patients/s",
		patients, rows, strings.Join(parts, ", "), float64(m.TotalBytes())/1e6, out, secs, float64(patients)/max(secs, 1e-9))
}
