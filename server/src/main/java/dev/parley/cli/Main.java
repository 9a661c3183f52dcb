package dev.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code parley serve | admin …}. Exit codes: 0 ok, 1 runtime failure (e.g. database), 2 bad usage. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "Parley 0.1",
        description = "Self-hosted live chat.", subcommands = {ServeCommand.class, AdminCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        var cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("parley: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
