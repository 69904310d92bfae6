/** An unknown hash route. */
export function NotFound({ path }: { path: string }) {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <a href="#/">See all tasks</a>.
      </p>
    </section>
  );
}
