-- Assertions run by ../shared/tools/parquet-check (DuckDB) on a generated sample.
-- A row whose `ok` is false fails CI.
select count(*) = 1000 as ok, count(*) as patients from patients;
select count(distinct patient_id) = count(*) as ok from patients;
select count(distinct nhs_number) = count(*) as ok from patients;
select count(*) = 0 as ok, count(*) as bad_nhs from patients where nhs_number not like '999%' or length(nhs_number) <> 10;
select count(*) = 0 as ok, count(*) as orphans from conditions c anti join patients p using (patient_id);
select count(*) = 0 as ok, count(*) as orphans from encounters e anti join patients p using (patient_id);
select count(*) = 0 as ok, count(*) as orphans from encounters e anti join practices p using (practice_id);
select count(*) = 0 as ok, count(*) as orphans from observations o anti join encounters e using (encounter_id);
select count(*) = 0 as ok, count(*) as orphans from prescriptions r anti join encounters e using (encounter_id);
select count(*) = 0 as ok, count(*) as orphans from prescriptions r anti join conditions c using (condition_id);
select count(*) = 0 as ok, count(*) as orphans from patients p anti join practices r using (practice_id);
select count(*) = 0 as ok, count(*) as bad from encounters where end_time < start_time;
select count(*) = 0 as ok, count(*) as after_death from encounters e join patients p using (patient_id)
  where p.death_date is not null and cast(e.start_time as date) > p.death_date;
select count(*) = 0 as ok, count(*) as before_birth from encounters e join patients p using (patient_id)
  where cast(e.start_time as date) < p.birth_date;
select typeof(birth_date) = 'DATE' as ok from patients limit 1;
select typeof(start_time) = 'TIMESTAMP WITH TIME ZONE' as ok from encounters limit 1;
