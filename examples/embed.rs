//! What an installer author writes to embed the planner: build a `Planner` once from the
//! embedded catalog, plan a request, walk the hops and steps, and handle a refusal.
//!
//! Run it with `cargo run --example embed`.

use std::process::ExitCode;

use mirantis_upgrade_planner::{
    Catalog, Planner, Product, Refusal, Request, Target, Version,
    render::{explanation_summary, explanation_text},
};

fn main() -> ExitCode {
    // Build once: parsing and indexing the catalog is the expensive part.
    let planner = Planner::new(Catalog::embedded());

    // What the installer found on the cluster, and where the operator wants to go.
    let mut request = Request::default();
    for (product, version) in [
        (Product::Mcr, "20.10.13"),
        (Product::Mke, "3.3.7"),
        (Product::Msr, "2.8.5"),
    ] {
        match Version::parse(version) {
            Ok(version) => {
                request.from.insert(product, version);
            }
            Err(error) => {
                eprintln!("bad version from the cluster: {error}");
                return ExitCode::from(2);
            }
        }
    }
    request.to.insert(Product::Msr, Target::Latest);
    // The catalog's questions about the cluster that this request's path depends on: here
    // MCR 20.10 -> 23.0, which is possible only where every node runs overlay2. An installer
    // asks the operator or reads `docker info`; an unanswered one refuses the plan below.
    request
        .facts
        .insert("unsupported-storage-driver".to_owned(), false);

    match planner.plan(&request) {
        Ok(plan) => {
            for (number, hop) in plan.hops.iter().enumerate() {
                println!(
                    "hop {}: {} {} -> {} ({})",
                    number + 1,
                    hop.product,
                    hop.from_text(),
                    hop.to_text(),
                    hop.rule
                );
                for step in plan.steps.iter().filter(|step| step.hop == number + 1) {
                    println!("  [{:?}] {}", step.phase, step.title);
                    if let Some(command) = &step.command {
                        println!("    $ {command}");
                    }
                }
            }
            for warning in &plan.warnings {
                println!("warning [{}]: {warning}", warning.code);
            }
            ExitCode::SUCCESS
        }
        Err(Refusal::NoPath(explanation)) => {
            eprintln!("no supported path: {}", explanation_summary(&explanation));
            eprint!("{}", explanation_text(&explanation));
            ExitCode::from(1)
        }
        Err(Refusal::UnansweredFact(facts)) => {
            for unanswered in &facts {
                eprintln!(
                    "please answer '{}': {}",
                    unanswered.fact.name, unanswered.fact.question
                );
            }
            ExitCode::from(1)
        }
        Err(refusal) => {
            eprintln!("refused ({}): {refusal}", refusal.code());
            ExitCode::from(if refusal.is_input_error() { 2 } else { 1 })
        }
    }
}
