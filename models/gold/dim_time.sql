{{ date_spine(var('date_spine_start'), var('date_spine_end')) }}
