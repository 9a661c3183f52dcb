package dev.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code parley serve | admin …}. Exit codes: 0 ok, 1 runtime failure (e.g. database), 2 bad usage. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "Parley 0.1",
        description = "Self-hosted live chat.", subcommands = {ServeCommand.class, AdminCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        var cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("parley: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        // A wrong argument gets one line saying what is wrong, not the whole usage text.
        cli.setParameterExceptionHandler((e, args) -> {
            var err = e.getCommandLine().getErr();
            err.println("parley: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cli;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return 2;
    }
}
