//! The HTML pages: the form, a plan, a refusal and an error. Every text from a request or a
//! catalog goes through [`escape`]; the plan's picture is the library's own SVG, which
//! escapes its texts itself.

use std::fmt::Write as _;

use mirantis_upgrade_planner::{
    Catalog, Format, Plan, Product, Refusal,
    inventory::{OsFamily, StorageBackend},
    refusal::UnansweredFact,
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

/// The page's style sheet, served as `/page.css` (the Content-Security-Policy allows no
/// inline style).
pub const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#111}\
pre{background:#f4f6f8;padding:.6rem;overflow-x:auto;border-radius:4px}\
fieldset{border:1px solid #ccd;margin:0 0 1rem;padding:.6rem 1rem}\
label{display:inline-block;min-width:7rem}\
.step{border-left:3px solid #1f77b4;padding-left:.8rem;margin:.8rem 0}\
.phase{font-size:.8rem;text-transform:uppercase;color:#555}\
.refusal{border-left:4px solid #d62728;padding-left:1rem}\
.warning{color:#8a5a00}\
button.copy{float:right;font-size:.75rem}\
.answer{border-left:4px solid #1f77b4;padding-left:1rem}";

/// Copies the command next to the button: a convenience only, the page works without it.
/// Served as `/page.js` (the Content-Security-Policy allows no inline script).
pub const SCRIPT: &str = "document.querySelectorAll('button.copy').forEach(function(b){\
b.addEventListener('click',function(){navigator.clipboard.writeText(b.nextElementSibling.textContent);\
b.textContent='copied';});});";

fn open(title: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"/page.css\"></head><body>\n\
         <p><a href=\"/\">Mirantis upgrade planner</a></p>\n",
        escape(title)
    )
}

fn close(mut out: String) -> String {
    out.push_str("<script src=\"/page.js\"></script>\n</body></html>\n");
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
    out.push_str("<fieldset><legend>Site values (optional: what is left empty stays a placeholder such as &lt;mke-url&gt; in the commands)</legend>\n");
    for (name, label, hint) in SITE_FIELDS {
        let _ = writeln!(
            out,
            "<p><label for=\"{name}\">{label}</label> <input id=\"{name}\" name=\"{name}\" placeholder=\"{hint}\"></p>"
        );
    }
    out.push_str("<p><label for=\"storage\">image storage</label> <select id=\"storage\" name=\"storage\"><option value=\"\">not given (the commands cover local and NFS)</option>");
    for backend in StorageBackend::ALL {
        let _ = write!(out, "<option value=\"{backend}\">{backend}</option>");
    }
    out.push_str("</select></p>\n");
    out.push_str("<p><label for=\"os\">nodes' operating system</label> <select id=\"os\" name=\"os\"><option value=\"\">not given (the MCR steps of each system, for a person to pick)</option>");
    for os in OsFamily::ALL {
        let _ = write!(out, "<option value=\"{os}\">{os}</option>");
    }
    out.push_str("</select></p>\n</fieldset>\n");
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

/// The form's site values: the parameter (as the request's JSON `site` names it), its label
/// and an example.
const SITE_FIELDS: [(&str, &str, &str); 8] = [
    ("mke_url", "MKE URL", "mke.example.com:443"),
    ("msr_url", "MSR URL", "msr.example.com"),
    ("admin_user", "MKE admin", "admin"),
    ("replica_id", "MSR replica id", "a1b2c3d4e5f6"),
    ("backup_dir", "backup directory", "/var/backups/mirantis"),
    (
        "target_msr_url",
        "new MSR URL (migrations)",
        "msr4.example.com",
    ),
    (
        "mke_image_repo",
        "registry for MKE images",
        "registry.example.com/mirantis",
    ),
    (
        "msr_image_repo",
        "registry for MSR images",
        "registry.example.com/mirantis",
    ),
];

/// A plan as a page: the path as a picture, the hops, the warnings, the placeholders left to
/// fill, then the runbook hop by hop, with links to the same plan as Markdown and JSON.
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
    if !plan.placeholders.is_empty() {
        out.push_str("<h2>To fill in</h2>\n<p>The commands carry these placeholders: replace them, or give the site values on the <a href=\"/\">form</a>.</p>\n<ul id=\"placeholders\">\n");
        for placeholder in &plan.placeholders {
            let _ = writeln!(
                out,
                "<li><code>{}</code>: {} ({} step{})</li>",
                escape(&placeholder.name),
                escape(&placeholder.meaning),
                placeholder.steps.len(),
                if placeholder.steps.len() == 1 {
                    ""
                } else {
                    "s"
                }
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>Runbook</h2>\n");
    // Every hop number the steps name, in plan order: a step of an edited plan that points
    // past the last hop is shown too, under a heading that says so.
    let mut numbers: Vec<usize> = Vec::new();
    for step in &plan.steps {
        if !numbers.contains(&step.hop) {
            numbers.push(step.hop);
        }
    }
    for number in numbers {
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
        None if number == 0 => "Before you start".to_owned(),
        None => format!("Hop {number} (not one of the plan's hops)"),
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

/// A refusal: its message, the explanation and what can be done. A question nobody answered
/// is asked here, as a yes/no control that plans again with the rest of `query` kept.
pub fn refusal(refusal: &Refusal, query: &str) -> String {
    if let Refusal::UnansweredFact(facts) = refusal {
        return question(facts, query);
    }
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

/// The questions a plan depends on, each a yes/no control; submitting plans again with every
/// other parameter of `query` kept as it was.
fn question(facts: &[UnansweredFact], query: &str) -> String {
    let mut out = open("A question about the cluster");
    out.push_str("<div class=\"answer\" id=\"question\"><h1>A question about the cluster</h1>\n<p>The plan depends on what only you know: answer, and the page plans again.</p>\n<form id=\"answer-form\" method=\"get\" action=\"/plan\">\n");
    let asked = |name: &str| {
        facts
            .iter()
            .any(|f| name.strip_prefix("fact_") == Some(f.fact.name.as_str()))
    };
    for (name, value) in crate::query::pairs(query).unwrap_or_default() {
        if !asked(&name) {
            let _ = writeln!(
                out,
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(&name),
                escape(&value)
            );
        }
    }
    for unanswered in facts {
        let name = escape(&unanswered.fact.name);
        let why: Vec<&str> = unanswered.gates.iter().map(|g| g.reason.as_str()).collect();
        let _ = write!(
            out,
            "<fieldset><legend>{}</legend>\n<p><small>{}</small></p>\n\
             <p><input type=\"radio\" id=\"answer_{name}_true\" name=\"fact_{name}\" value=\"true\" required> <label for=\"answer_{name}_true\">yes</label>\n\
             <input type=\"radio\" id=\"answer_{name}_false\" name=\"fact_{name}\" value=\"false\"> <label for=\"answer_{name}_false\">no</label></p></fieldset>\n",
            escape(&unanswered.fact.question),
            escape(&why.join("; "))
        );
    }
    out.push_str("<p><button type=\"submit\" id=\"replan\">Plan with this answer</button></p>\n</form></div>\n");
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

    /// A step of an edited plan that points past the last hop is shown, never dropped.
    #[test]
    fn a_step_past_the_last_hop_is_shown() {
        use mirantis_upgrade_planner::request::ByProduct;
        use mirantis_upgrade_planner::{Catalog, Planner, Request, Target, Version};
        let request = Request {
            from: "mcr=25.0.18,mke=3.8.12,msr=2.9.29"
                .parse::<ByProduct<Version>>()
                .unwrap()
                .0,
            to: "msr=2.9.30".parse::<ByProduct<Target>>().unwrap().0,
            ..Request::default()
        };
        let mut plan = Planner::new(Catalog::embedded()).plan(&request).unwrap();
        let last = plan.steps.len() - 1;
        plan.steps[last].hop = 99;
        let page = super::plan(&plan, "");
        assert!(
            page.contains("<h3>Hop 99 (not one of the plan&#39;s hops)</h3>"),
            "{page}"
        );
        assert!(page.contains(&format!("id=\"{}\"", escape(&plan.steps[last].id))));
    }

    #[test]
    fn every_markup_character_is_escaped() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
