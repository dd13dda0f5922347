//! The SQL tab's first part: the statements the last Run sent outside any request (creating
//! tables, adding rows at the top of the program). A request's queries follow, from its trace.

use yew::prelude::*;

use crate::context::Ctx;

#[function_component(RunSql)]
pub fn run_sql() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let queries = &ctx.state.run_queries;
    if queries.is_empty() {
        return html! {};
    }
    let total: f64 = queries.iter().map(|query| query.duration_ms).sum();
    html! {
        <section class="sql run-sql" aria-labelledby="run-sql-heading">
            <h3 id="run-sql-heading">{ format!("Your last Run sent {} {} ({total:.2} ms)", queries.len(), if queries.len() == 1 { "query" } else { "queries" }) }</h3>
            <ol class="queries">
                { for queries.iter().map(|query| html! {
                    <li class="query">
                        <pre class="sql-text">{ &query.sql }</pre>
                        <div class="query-meta">
                            <span>{ format!("params {}", query.params) }</span>
                            <span>{ format!("{:.3} ms", query.duration_ms) }</span>
                        </div>
                    </li>
                }) }
            </ol>
            <h3>{ "The last request" }</h3>
        </section>
    }
}
