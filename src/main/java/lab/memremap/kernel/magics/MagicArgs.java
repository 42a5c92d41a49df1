package lab.memremap.kernel.magics;

import java.util.ArrayList;
import java.util.List;

/** Splits a magic's argument text the way a shell would: on blanks, keeping quoted parts together. */
public final class MagicArgs {
    private MagicArgs() {}

    public static List<String> split(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && quote != '\'') {
                current.append(text.charAt(++i));
                inArg = true;
            } else if (quote != 0) {
                if (c == quote) quote = 0;
                else current.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) args.add(current.toString());
                current.setLength(0);
                inArg = false;
            } else {
                current.append(c);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("MagicArgs.split: unclosed " + quote + " quote in '" + text + "'");
        }
        if (inArg) args.add(current.toString());
        return args;
    }
}
