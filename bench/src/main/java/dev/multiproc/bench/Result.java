package dev.multiproc.bench;

/**
 * One measured row.
 *
 * @param ratio multiproc / CPython (NaN without a CPython figure)
 * @param pass  null when there is nothing to judge
 */
record Result(String id, String workload, String unit, double multiproc, double cpython, double ratio,
              Goal goal, Boolean pass, String error) {

    /**
     * A row with a CPython baseline is judged on multiproc / CPython; a row without one whose goal
     * is a bound measures a ratio itself (e.g. the DSL against the core in the same run), and is
     * judged on its own figure.
     */
    static Result of(Row row, Scale scale, double multiproc, double cpython) {
        double ratio;
        if (row.pythonKey() == null && row.goal().comparison() != Goal.Comparison.REPORTED) {
            ratio = multiproc;
        } else {
            ratio = Double.isNaN(cpython) || cpython == 0 ? Double.NaN : multiproc / cpython;
        }
        return new Result(row.id(), row.workload(scale), row.unit(), multiproc, cpython, ratio, row.goal(),
                row.goal().passes(ratio), null);
    }

    static Result failed(Row row, Scale scale, double cpython, Exception e) {
        return new Result(row.id(), row.workload(scale), row.unit(), Double.NaN, cpython, Double.NaN, row.goal(),
                row.goal().comparison() == Goal.Comparison.REPORTED ? null : false, e.toString());
    }
}
