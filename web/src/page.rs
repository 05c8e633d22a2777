//! The HTML pages: the form, a plan, a refusal and an error. Every text from a request or a
//! catalog goes through [`escape`]; the plan's picture is the library's own SVG, which
//! escapes its texts itself.

use std::fmt::Write as _;

use mirantis_upgrade_planner::{
    Catalog, Format, Plan, Product, Refusal,
    render::{explanation_text, render_plan, render_refusal},
};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#111}\
pre{background:#f4f6f8;padding:.6rem;overflow-x:auto;border-radius:4px}\
fieldset{border:1px solid #ccd;margin:0 0 1rem;padding:.6rem 1rem}\
label{display:inline-block;min-width:7rem}\
.step{border-left:3px solid #1f77b4;padding-left:.8rem;margin:.8rem 0}\
.phase{font-size:.8rem;text-transform:uppercase;color:#555}\
.refusal{border-left:4px solid #d62728;padding-left:1rem}\
.warning{color:#8a5a00}\
button.copy{float:right;font-size:.75rem}";

/// Copies the command next to the button: a convenience only, the page works without it.
const SCRIPT: &str = "document.querySelectorAll('button.copy').forEach(function(b){\
b.addEventListener('click',function(){navigator.clipboard.writeText(b.nextElementSibling.textContent);\
b.textContent='copied';});});";

fn open(title: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n\
         <p><a href=\"/\">Mirantis upgrade planner</a></p>\n",
        escape(title)
    )
}

fn close(mut out: String) -> String {
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body></html>\n");
    out
}

/// The form: the installed version of each product from the catalog's releases, the target
/// of each, the policy, the catalog's facts as yes/no questions, migrations and offline. A
/// plain GET form: it works without JavaScript.
pub fn form(catalog: &Catalog) -> String {
    let mut out = open("Plan a Mirantis upgrade");
    out.push_str("<h1>Plan a Mirantis upgrade</h1>\n<form id=\"plan-form\" method=\"get\" action=\"/plan\">\n");
    out.push_str("<fieldset><legend>Installed now</legend>\n");
    for product in Product::ALL {
        let _ = write!(
            out,
            "<p><label for=\"from_{product}\">{product}</label> <select id=\"from_{product}\" name=\"from_{product}\">"
        );
        let none = if product == Product::Msr {
            "not installed"
        } else {
            "choose a release"
        };
        let _ = write!(out, "<option value=\"\">{none}</option>");
        for release in catalog.releases(product).iter().rev() {
            let version = escape(release.version.as_str());
            let _ = write!(out, "<option value=\"{version}\">{version}</option>");
        }
        out.push_str("</select></p>\n");
    }
    out.push_str("</fieldset>\n<fieldset><legend>Targets</legend>\n<p>Empty: keep the product where it is. <code>latest</code>, a major version (<code>3</code>), a line (<code>2.9</code>) or a release.</p>\n");
    for product in Product::ALL {
        let value = if product == Product::Msr {
            "latest"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<p><label for=\"to_{product}\">{product}</label> <input id=\"to_{product}\" name=\"to_{product}\" value=\"{value}\" list=\"targets_{product}\"></p>\n<datalist id=\"targets_{product}\"><option value=\"latest\">"
        );
        for line in catalog.lines(product) {
            let _ = write!(out, "<option value=\"{}\">", escape(&line.to_string()));
        }
        out.push_str("</datalist>\n");
    }
    out.push_str("</fieldset>\n<fieldset><legend>Conditions</legend>\n");
    out.push_str("<p><label for=\"policy\">policy</label> <select id=\"policy\" name=\"policy\"><option value=\"recommended\">recommended</option><option value=\"minimal\">minimal (fewest hops)</option></select></p>\n");
    out.push_str("<p><input type=\"checkbox\" id=\"allow_migrations\" name=\"allow_migrations\" value=\"true\"> <label for=\"allow_migrations\">allow migrations (MSR 2.9 to 3.x or 4.x, MKE 3 to 4)</label></p>\n");
    out.push_str("<p><input type=\"checkbox\" id=\"offline\" name=\"offline\" value=\"true\"> <label for=\"offline\">offline (air-gapped site)</label></p>\n</fieldset>\n");
    out.push_str("<fieldset><legend>About the cluster</legend>\n");
    for fact in catalog.facts() {
        let name = escape(&fact.name);
        let _ = write!(
            out,
            "<p>{}<br>\n<input type=\"radio\" id=\"fact_{name}_unanswered\" name=\"fact_{name}\" value=\"\" checked> <label for=\"fact_{name}_unanswered\">not answered</label>\n\
             <input type=\"radio\" id=\"fact_{name}_true\" name=\"fact_{name}\" value=\"true\"> <label for=\"fact_{name}_true\">yes</label>\n\
             <input type=\"radio\" id=\"fact_{name}_false\" name=\"fact_{name}\" value=\"false\"> <label for=\"fact_{name}_false\">no</label></p>\n",
            escape(&fact.question)
        );
    }
    out.push_str(
        "</fieldset>\n<p><button type=\"submit\" id=\"submit\">Plan</button></p>\n</form>\n",
    );
    close(out)
}

/// A plan as a page: the path as a picture, the hops, the warnings, then the runbook hop by
/// hop, with links to the same plan as Markdown and JSON.
pub fn plan(plan: &Plan, query: &str) -> String {
    let mut out = open("Upgrade plan");
    let query = escape(query);
    let _ = write!(
        out,
        "<h1>Upgrade plan</h1>\n<p>Policy {}. Also as <a id=\"markdown\" href=\"/plan.md?{query}\">Markdown</a> and <a id=\"json\" href=\"/api/plan?{query}\">JSON</a>.</p>\n",
        plan.policy.as_str()
    );
    out.push_str("<h2>Hops</h2>\n");
    if plan.hops.is_empty() {
        out.push_str("<p id=\"nothing\">Nothing to do: the cluster is already there.</p>\n");
    }
    out.push_str("<ol id=\"hops\">\n");
    for hop in &plan.hops {
        let _ = writeln!(
            out,
            "<li class=\"hop\">{} {} \u{2192} {} ({})</li>",
            hop.product,
            escape(hop.from_text()),
            escape(hop.to_text()),
            hop.rule
        );
    }
    out.push_str("</ol>\n<div id=\"picture\">\n");
    out.push_str(&render_plan(plan, Format::Svg));
    out.push_str("</div>\n");
    if !plan.warnings.is_empty() {
        out.push_str("<h2>Warnings</h2>\n<ul>\n");
        for warning in &plan.warnings {
            let _ = writeln!(
                out,
                "<li class=\"warning\">[{}] {}</li>",
                escape(warning.code.as_str()),
                escape(&warning.to_string())
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>Runbook</h2>\n");
    for number in 0..=plan.hops.len() {
        runbook_section(&mut out, plan, number);
    }
    close(out)
}

fn runbook_section(out: &mut String, plan: &Plan, number: usize) {
    let steps: Vec<_> = plan.steps.iter().filter(|s| s.hop == number).collect();
    if steps.is_empty() {
        return;
    }
    let heading = match number.checked_sub(1).and_then(|i| plan.hops.get(i)) {
        Some(hop) => format!(
            "Hop {number}: {} {} \u{2192} {}",
            hop.product,
            hop.from_text(),
            hop.to_text()
        ),
        None => "Before you start".to_owned(),
    };
    let _ = writeln!(out, "<h3>{}</h3>", escape(&heading));
    for step in steps {
        let _ = write!(
            out,
            "<div class=\"step\" id=\"{}\"><div class=\"phase\">{:?}</div><p>{}</p>",
            escape(&step.id),
            step.phase,
            escape(&step.title)
        );
        if !step.unattended {
            out.push_str("<p class=\"person\"><strong>Needs a person</strong></p>");
        }
        if let Some(node) = &step.node {
            let _ = write!(out, "<p>On: {}</p>", escape(node));
        }
        if !step.env.is_empty() {
            let _ = write!(
                out,
                "<p>Set in the environment first: <code>{}</code></p>",
                escape(&step.env.join(", "))
            );
        }
        if let Some(command) = &step.command {
            let _ = write!(
                out,
                "<button class=\"copy\" type=\"button\">copy</button><pre><code>{}</code></pre>",
                escape(command)
            );
        }
        if let Some(note) = &step.note {
            let _ = write!(out, "<p><small>{}</small></p>", escape(note));
        }
        if let Some(source) = &step.source {
            let _ = write!(
                out,
                "<p><small>Source: <a class=\"source\" href=\"{0}\" rel=\"noreferrer\">{0}</a></small></p>",
                escape(source)
            );
        }
        out.push_str("</div>\n");
    }
}

/// A refusal: its message, the explanation and what can be done.
pub fn refusal(refusal: &Refusal) -> String {
    let mut out = open("No supported plan");
    let _ = write!(
        out,
        "<div class=\"refusal\" id=\"refusal\"><h1>Refused ({})</h1>\n<p id=\"message\">{}</p>\n",
        escape(refusal.code()),
        escape(&refusal.to_string())
    );
    if let Some(explanation) = refusal.explanation() {
        let _ = writeln!(
            out,
            "<pre id=\"explanation\">{}</pre>",
            escape(explanation_text(explanation).trim())
        );
        out.push_str(&render_refusal(refusal, Format::Svg));
    }
    out.push_str("</div>\n");
    close(out)
}

/// Malformed input: one clear message.
pub fn error(code: &str, message: &str) -> String {
    let mut out = open("Bad request");
    let _ = writeln!(
        out,
        "<div class=\"refusal\" id=\"error\"><h1>Bad request ({})</h1><p id=\"message\">{}</p></div>",
        escape(code),
        escape(message)
    );
    close(out)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn every_markup_character_is_escaped() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
