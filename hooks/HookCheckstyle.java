import com.puppycrawl.tools.checkstyle.AbstractAutomaticBean;
import com.puppycrawl.tools.checkstyle.Checker;
import com.puppycrawl.tools.checkstyle.ConfigurationLoader;
import com.puppycrawl.tools.checkstyle.DefaultLogger;
import com.puppycrawl.tools.checkstyle.PropertiesExpander;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Checkstyle for the pre-commit hook, without the start-up of its command line (option parsing, logging set-up):
 * {@code CONFIG PROPERTIES REPORT FILE...}, the report in Checkstyle's plain format. The hook compiles this once into
 * its cache when a JDK is there, and falls back to Checkstyle's own Main otherwise.
 */
public final class HookCheckstyle {
    private HookCheckstyle() {
    }

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            properties.load(in);
        }
        List<File> files = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            files.add(new File(args[i]));
        }
        Checker checker = new Checker();
        checker.setModuleClassLoader(Checker.class.getClassLoader());
        checker.configure(ConfigurationLoader.loadConfiguration(args[0], new PropertiesExpander(properties),
                ConfigurationLoader.IgnoredModulesOptions.OMIT));
        try (OutputStream report = Files.newOutputStream(Path.of(args[2]))) {
            checker.addListener(new DefaultLogger(report, AbstractAutomaticBean.OutputStreamOptions.NONE));
            checker.process(files);
        } finally {
            checker.destroy();
        }
    }
}
