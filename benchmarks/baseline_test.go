package benchmarks

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/brianvoe/gofakeit/v7"
	pq "github.com/parquet-go/parquet-go"
)

// fakePerson is the baseline's flat row: what a plain faker produces for a
// person, with no history.
type fakePerson struct {
	ID        string    `parquet:"id"`
	FirstName string    `parquet:"first_name"`
	LastName  string    `parquet:"last_name"`
	Gender    string    `parquet:"gender"`
	Birthday  time.Time `parquet:"birthday,date"`
	Street    string    `parquet:"street"`
	City      string    `parquet:"city"`
	Zip       string    `parquet:"zip"`
	Phone     string    `parquet:"phone"`
	Email     string    `parquet:"email"`
}

// BenchmarkBaselineGofakeit writes the same number of flat fake person rows
// to Parquet with gofakeit and parquet-go alone, single-threaded: the floor
// cohortgen's per-patient cost is compared with.
func BenchmarkBaselineGofakeit(b *testing.B) {
	n := benchPatients()
	var size int64
	for i := 0; i < b.N; i++ {
		f := gofakeit.New(1)
		path := filepath.Join(b.TempDir(), "people.parquet")
		file, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		w := pq.NewGenericWriter[fakePerson](file)
		batch := make([]fakePerson, 0, 1024)
		for k := int64(0); k < n; k++ {
			batch = append(batch, fakePerson{
				ID: f.UUID(), FirstName: f.FirstName(), LastName: f.LastName(), Gender: f.Gender(),
				Birthday: f.DateRange(time.Date(1920, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)),
				Street:   f.Street(), City: f.City(), Zip: f.Zip(), Phone: f.Phone(), Email: f.Email(),
			})
			if len(batch) == cap(batch) {
				if _, err := w.Write(batch); err != nil {
					b.Fatal(err)
				}
				batch = batch[:0]
			}
		}
		if _, err := w.Write(batch); err != nil {
			b.Fatal(err)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		file.Close()
		info, _ := os.Stat(path)
		size = info.Size()
	}
	secs := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(n)/secs, "patients/s")
	b.ReportMetric(float64(n)/secs, "rows/s")
	b.ReportMetric(float64(size)/1e6/secs, "MB/s")
}
