//! The transport around `leerpunt-mpc`: runs a compute node or an input party over mutually authenticated TLS.

/// Arguments of `leerpunt node`.
#[derive(Debug, clap::Args)]
pub struct NodeArgs {
    #[command(subcommand)]
    pub command: NodeCommand,
}

/// What `leerpunt node` can do.
#[derive(Debug, clap::Subcommand)]
pub enum NodeCommand {
    /// Placeholder until the transport lands.
    Info,
}

/// Runs `leerpunt node …`.
pub async fn run(args: NodeArgs) -> anyhow::Result<()> {
    match args.command {
        NodeCommand::Info => {
            println!("leerpunt-mpc {}", leerpunt_mpc::VERSION);
            Ok(())
        }
    }
}
