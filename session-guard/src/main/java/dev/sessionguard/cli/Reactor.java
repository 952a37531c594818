package dev.sessionguard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A Maven reactor: a {@code pom.xml} with {@code <modules>}, read recursively (nested reactors too). Every module is
 * listed, in reactor order, by its path from the root; an aggregator's own classes count if it has any.
 */
record Reactor(Path root, List<Module> modules) {

    /** One module: its path from the reactor root ({@code services/billing}) and its folder. */
    record Module(String id, Path dir) {
        Path classes() {
            return dir.resolve("target/classes");
        }

        boolean built() {
            return Files.isDirectory(classes());
        }
    }

    /** The reactor rooted at the folder, or null when its {@code pom.xml} has no {@code <modules>}. */
    static Reactor of(Path folder) {
        Path pom = folder.resolve("pom.xml");
        if (!Files.isRegularFile(pom) || modulesOf(pom).isEmpty()) {
            return null;
        }
        Path root = folder.toAbsolutePath().normalize();
        List<Module> modules = new ArrayList<>();
        collect(root, root, modules);
        return new Reactor(root, List.copyOf(modules));
    }

    private static void collect(Path root, Path folder, List<Module> modules) {
        Path pom = folder.resolve("pom.xml");
        for (String name : modulesOf(pom)) {
            Path dir = folder.resolve(name).normalize();
            // <module> may name a folder or a pom file in it
            if (Files.isRegularFile(dir) && dir.getFileName().toString().endsWith(".xml")) {
                dir = dir.getParent();
            }
            if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
                throw new UsageException(pom + ": <module>" + name + "</module>: no such module (" + dir
                        + (Files.isDirectory(dir) ? " has no pom.xml)" : " does not exist)"));
            }
            String id = root.relativize(dir).toString().replace('\\', '/');
            modules.add(new Module(id, dir));
            collect(root, dir, modules);
        }
    }

    /** The {@code <module>} entries of the project's own {@code <modules>} (not of its profiles). */
    private static List<String> modulesOf(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            List<String> names = new ArrayList<>();
            for (Element modules : children(project, "modules")) {
                for (Element module : children(modules, "module")) {
                    String name = module.getTextContent().trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
            return names;
        } catch (SAXException e) {
            throw new UsageException(pom + ": not a readable pom (" + e.getMessage() + ")");
        } catch (IOException | ParserConfigurationException e) {
            throw new UsageException(pom + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                found.add(e);
            }
        }
        return found;
    }

    List<Module> built() {
        return modules.stream().filter(Module::built).toList();
    }

    /** The built modules; none is bad input that names every module and the build command. */
    List<Module> requireBuilt() {
        List<Module> built = built();
        if (built.isEmpty()) {
            throw new UsageException(root + ": a Maven reactor whose modules have no target/classes ("
                    + String.join(", ", modules.stream().map(Module::id).toList()) + "): build it first: mvn compile");
        }
        return built;
    }

    /** Every module's classes folder: the reactor's own classes resolve each other. */
    List<Path> classFolders() {
        return built().stream().map(Module::classes).toList();
    }
}
