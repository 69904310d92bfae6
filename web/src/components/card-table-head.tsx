/**
 * The header row of a table that becomes one card per row on phones (`.card-table` in
 * styles.css): there it is hidden visually and each cell shows its column's name from
 * `data-label`. Explicit roles keep the table a table for screen readers in both layouts.
 */
export function CardTableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead role="rowgroup">
      <tr role="row">
        {columns.map((label) => (
          <th key={label} scope="col" role="columnheader">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
