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
-- a repeat in force when the record opens is carried with no consultation (h55c): its encounter and
-- prescriber are null together; every other issue names an encounter of the dataset
select count(*) = 0 as ok, count(*) as orphans from prescriptions r anti join encounters e using (encounter_id) where r.encounter_id is not null;
select count(*) = 0 as ok, count(*) as carried_with_a_prescriber from prescriptions where encounter_id is null and prescriber_id is not null;
select count(*) = 0 as ok, count(*) as orphans from prescriptions r anti join conditions c using (condition_id);
select count(*) = 0 as ok, count(*) as orphans from patients p anti join practices r using (practice_id);
-- Practitioners: each belongs to a practice, has a professional number no register issues, and
-- every encounter and prescription that names one names a practitioner of the encounter's practice.
select count(distinct practitioner_id) = count(*) and count(*) > 0 as ok, count(*) as practitioners from practitioners;
select count(*) = 0 as ok, count(*) as orphans from practitioners g anti join practices p using (practice_id);
select count(*) = 0 as ok, count(*) as bad_numbers from practitioners where not regexp_full_match(professional_number, 'ZZ[0-9]{7}');
select count(*) = 0 as ok, count(*) as orphans from encounters e
  where practitioner_id is not null and not exists (select 1 from practitioners g where g.practitioner_id = e.practitioner_id);
select count(*) = 0 as ok, count(*) as other_practice from encounters e join practitioners g using (practitioner_id)
  where g.practice_id <> e.practice_id;
-- A practice encounter with no clinician is a screening programme's letter filed
-- (datasets/workforce.yaml screening_result): it holds a screening result or the
-- finding it reports, never a prescription, a vaccination or another reading; so is a
-- child not brought to an invited immunisation visit (immunisations.yaml not_given, h68c), and
-- a missed diabetic eye screen (screening.yaml diabetic_eye, h70e), and the reply to a flu
-- invitation declining it (immunisations.yaml influenza declined, h73f).
select count(*) = 0 as ok, count(*) as gp_without_clinician from encounters e
  where setting = 'gp' and practitioner_id is null
    and (exists (select 1 from prescriptions r where r.encounter_id = e.encounter_id)
      or exists (select 1 from immunisations i where i.encounter_id = e.encounter_id)
      or exists (select 1 from observations o where o.encounter_id = e.encounter_id
                   and o.description not ilike '%screening%' and o.description not ilike '%mammography%'
                   and o.description <> 'Did not attend child immunisation'
                   and o.description <> 'Did not attend diabetic retinopathy clinic'
                   and o.description <> 'Influenza vaccination declined')
      or not exists (select 1 from observations o where o.encounter_id = e.encounter_id)
         and not exists (select 1 from conditions c where c.condition_id = e.reason_condition_id));
select count(*) = 0 as ok, count(*) as orphans from prescriptions r
  where prescriber_id is not null and not exists (select 1 from practitioners g where g.practitioner_id = r.prescriber_id);
select count(*) = 0 as ok, count(*) as not_the_encounters_gp from prescriptions r join encounters e using (encounter_id)
  join practitioners g on g.practitioner_id = e.practitioner_id
  where g.role = 'GP' and r.prescriber_id is distinct from e.practitioner_id;
-- Practice staff (datasets/workforce.yaml): every prescription of a practice contact is signed by a GP
-- of the practice (a nurse's or healthcare assistant's contact included: no nurse prescribers are
-- modelled); hospital prescriptions name no prescriber; vaccines and cervical samples are a nurse's.
select count(*) = 0 as ok, count(*) as not_by_a_gp from prescriptions r join encounters e using (encounter_id)
  left join practitioners g on g.practitioner_id = r.prescriber_id
  where (e.practitioner_id is null) <> (r.prescriber_id is null) or (r.prescriber_id is not null and (g.role <> 'GP' or g.practice_id <> e.practice_id));
select count(*) = 0 as ok, count(*) as not_a_nurse from encounters e join practitioners g using (practitioner_id)
  where e.type_code in ('33879002', '171149006') and g.role <> 'practice_nurse';
select count(distinct practice_id) = (select count(*) from practices) as ok, count(*) as nurses from practitioners where role = 'practice_nurse';
select count(*) = 0 as ok, count(*) as bad_roles from practitioners
  where (role, role_code) not in (('GP', '62247001'), ('practice_nurse', '159002008'), ('healthcare_assistant', '224577009'),
                                  ('clinical_pharmacist', '46255001'), ('health_visitor', '224534008'))
     or (role = 'GP') <> (title is not distinct from 'Dr');
-- the new birth visit (where the birth weight is recorded) is the health visitor's (twenty-first review)
select count(*) = 0 as ok, count(*) as not_a_health_visitor from observations o join encounters e using (encounter_id)
  join practitioners g using (practitioner_id) where o.description = 'Birth weight' and g.role <> 'health_visitor';
-- A prescriptions row is made at a consultation (an acute course, or a repeat authorised at a review
-- until the next; the monthly issues between reviews are not rows): its encounter is the patient's, that day,
-- or, for a medicine a ward starts (insulin after ketoacidosis, stop 75 h75a), a day of that inpatient stay.
select count(*) = 0 as ok, count(*) as not_that_days_consultation from prescriptions r join encounters e using (encounter_id)
  where e.patient_id <> r.patient_id or (cast(e.start_time as date) <> r.start_date
    and not (e.setting = 'inpatient' and r.start_date between cast(e.start_time as date) and cast(e.end_time as date)));
-- Every prescription is an acute course or a repeat; an acute course never outlasts a few months,
-- but for a contraceptive implant or intrauterine system: one item fitted, working 3 to 5 years.
select count(*) = 0 as ok, count(*) as untyped from prescriptions where prescription_type not in ('acute', 'repeat') or prescription_type is null;
select count(*) = 0 as ok, count(*) as long_acute from prescriptions where prescription_type = 'acute' and end_date - start_date > 92
  and medication not ilike '%implant%' and medication not ilike '%intrauterine%';
select count(*) = 0 as ok, count(*) as device_over_5y from prescriptions where prescription_type = 'acute' and end_date - start_date > 5 * 366;
-- Registrations: each names a patient and a practice; the current one is the patient's practice
-- and registration date; a patient's registrations never overlap; and every encounter falls
-- within a registration at its practice (registration precedes every encounter there).
select count(distinct registration_id) = count(*) and count(*) >= 1000 as ok, count(*) as registrations from registrations;
select count(*) = 0 as ok, count(*) as orphans from registrations r anti join patients p using (patient_id);
select count(*) = 0 as ok, count(*) as orphans from registrations r anti join practices p using (practice_id);
select count(*) = 0 as ok, count(*) as without_current from patients p
  where not exists (select 1 from registrations r where r.patient_id = p.patient_id and r.practice_id = p.practice_id
    and r.start_date = p.registration_date and r.end_date is not distinct from p.death_date);
select count(*) = 0 as ok, count(*) as overlapping from registrations a join registrations b using (patient_id)
  where a.registration_id < b.registration_id and a.start_date <= coalesce(b.end_date, date '9999-12-31')
    and b.start_date <= coalesce(a.end_date, date '9999-12-31');
select count(*) = 0 as ok, count(*) as outside_registration from encounters e
  where not exists (select 1 from registrations r where r.patient_id = e.patient_id and r.practice_id = e.practice_id
    and r.start_date <= cast(e.start_time as date) and (r.end_date is null or cast(e.start_time as date) <= r.end_date));
select count(*) = 0 as ok, count(*) as bad from encounters where end_time < start_time;
select count(*) = 0 as ok, count(*) as after_death from encounters e join patients p using (patient_id)
  where p.death_date is not null and cast(e.start_time as date) > p.death_date;
select count(*) = 0 as ok, count(*) as before_birth from encounters e join patients p using (patient_id)
  where cast(e.start_time as date) < p.birth_date;
select typeof(birth_date) = 'DATE' as ok from patients limit 1;
select typeof(start_time) = 'TIMESTAMP WITH TIME ZONE' as ok from encounters limit 1;

-- NULL stays NULL: no nullable string column holds ''. The nullable string
-- columns are read from the files' own schemas (OPTIONAL BYTE_ARRAY), so a
-- new optional column is covered without editing this file.
set variable parquet_files = (select flatten(list(regexp_extract_all(sql, '''([^'']+\.parquet)''', 1))) from duckdb_views() where not internal);
create or replace temp table nullable_strings as
  select distinct regexp_extract(file_name, '([^/\\]+)[/\\][^/\\]+\.parquet$', 1) as tbl, name as col
  from parquet_schema(getvariable('parquet_files'))
  where repetition_type = 'OPTIONAL' and type = 'BYTE_ARRAY';
-- (a guard: the schema query found the columns it must find)
select count(*) = 3 as ok, count(*) as known_nullable_strings from nullable_strings
  where (tbl, col) in (('encounters', 'reason_condition_id'), ('encounters', 'admission_method'), ('observations', 'value_code'));
select count(*) = 0 as ok, count(*) as empty_strings, coalesce(string_agg(distinct tbl || '.' || col, ', '), '') as columns
from (
  select 'patients' as tbl, col, val from (unpivot (select columns(*)::varchar from patients) on columns(*) into name col value val)
  union all select 'practices', col, val from (unpivot (select columns(*)::varchar from practices) on columns(*) into name col value val)
  union all select 'practitioners', col, val from (unpivot (select columns(*)::varchar from practitioners) on columns(*) into name col value val)
  union all select 'conditions', col, val from (unpivot (select columns(*)::varchar from conditions) on columns(*) into name col value val)
  union all select 'encounters', col, val from (unpivot (select columns(*)::varchar from encounters) on columns(*) into name col value val)
  union all select 'prescriptions', col, val from (unpivot (select columns(*)::varchar from prescriptions) on columns(*) into name col value val)
  union all select 'observations', col, val from (unpivot (select columns(*)::varchar from observations) on columns(*) into name col value val)
  union all select 'immunisations', col, val from (unpivot (select columns(*)::varchar from immunisations) on columns(*) into name col value val)
  union all select 'allergies', col, val from (unpivot (select columns(*)::varchar from allergies) on columns(*) into name col value val)
  union all select 'registrations', col, val from (unpivot (select columns(*)::varchar from registrations) on columns(*) into name col value val)
) v join nullable_strings using (tbl, col)
where val = '';

-- Every non-null foreign key resolves (the required ones are checked above),
-- and points at a row of the same patient.
select count(*) = 0 as ok, count(*) as orphans from encounters e
  where reason_condition_id is not null and not exists (select 1 from conditions c where c.condition_id = e.reason_condition_id);
select count(*) = 0 as ok, count(*) as orphans from conditions c
  where diagnosis_encounter_id is not null and not exists (select 1 from encounters e where e.encounter_id = c.diagnosis_encounter_id);
select count(*) = 0 as ok, count(*) as orphans from observations o anti join patients p using (patient_id);
select count(*) = 0 as ok, count(*) as orphans from prescriptions r anti join patients p using (patient_id);
select count(*) = 0 as ok, count(*) as other_patient from encounters e join conditions c on c.condition_id = e.reason_condition_id
  where c.patient_id <> e.patient_id;
select count(*) = 0 as ok, count(*) as other_patient from conditions c join encounters e on e.encounter_id = c.diagnosis_encounter_id
  where c.patient_id <> e.patient_id;
select count(*) = 0 as ok, count(*) as other_patient from observations o join encounters e using (encounter_id)
  where o.patient_id <> e.patient_id;
select count(*) = 0 as ok, count(*) as other_patient from prescriptions r join conditions c using (condition_id)
  where r.patient_id <> c.patient_id;

-- Immunisations and allergies: every key resolves to the same patient; a dose has its visit
-- when it falls inside the history window, on that visit's day; none before birth or after death.
select count(*) = 0 as ok, count(*) as orphans from immunisations i anti join patients p using (patient_id);
select count(*) = 0 as ok, count(*) as orphans from allergies a anti join patients p using (patient_id);
select count(*) = 0 as ok, count(*) as orphans from immunisations i
  where encounter_id is not null and not exists (select 1 from encounters e where e.encounter_id = i.encounter_id and e.patient_id = i.patient_id);
select count(*) = 0 as ok, count(*) as orphans from immunisations i
  where reason_condition_id is not null and not exists (select 1 from conditions c where c.condition_id = i.reason_condition_id and c.patient_id = i.patient_id);
select count(*) = 0 as ok, count(*) as other_day from immunisations i join encounters e using (encounter_id)
  where cast(i.occurrence_time as date) <> cast(e.start_time as date);
select count(*) = 0 as ok, count(*) as out_of_life from immunisations i join patients p using (patient_id)
  where cast(i.occurrence_time as date) < p.birth_date or (p.death_date is not null and cast(i.occurrence_time as date) > p.death_date);
select count(*) = 0 as ok, count(*) as out_of_life from allergies a join patients p using (patient_id)
  where a.onset_date < p.birth_date or (p.death_date is not null and a.onset_date > p.death_date);
-- No penicillin started on or after a recorded penicillin allergy.
select count(*) = 0 as ok, count(*) as penicillin_for_allergic from prescriptions r join allergies a using (patient_id)
  where a.allergy_key = 'penicillin' and r.start_date >= a.onset_date
    and (lower(r.medication) like '%amoxicillin%' or lower(r.medication) like '%flucloxacillin%' or lower(r.medication) like '%penicillin%');
