package dev.flasksession.cdi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the {@code <alternatives><class>} entries of the application's {@code beans.xml} files: every
 * {@code META-INF/beans.xml} the class loader sees, plus the WAR's {@code WEB-INF/beans.xml}, found next to the
 * {@code WEB-INF/lib} this library was loaded from, or else through the class loader. CDI applies such a selection only inside its own archive; the
 * extension uses what is read here to apply it to the library too.
 */
final class BeansXmlAlternatives {
    private BeansXmlAlternatives() {
    }

    /**
     * @param loader the application's class loader
     * @param anchor a class of this library, whose location leads to {@code WEB-INF/beans.xml} in a WAR
     * @return each selected class name, with the beans.xml files that select it
     */
    static Map<String, List<URL>> read(ClassLoader loader, Class<?> anchor) {
        List<URL> files = new ArrayList<>();
        try {
            files.addAll(Collections.list(loader.getResources("META-INF/beans.xml")));
        } catch (IOException e) {
            // no META-INF/beans.xml to read
        }
        // Open Liberty loads the library from a copy of the jar outside the WAR, so no WEB-INF/beans.xml sits next to
        // it; its application class loader serves the WAR's root as a resource instead.
        warBeansXml(anchor).or(() -> Optional.ofNullable(loader.getResource("WEB-INF/beans.xml")))
                .filter(u -> !files.contains(u)).ifPresent(files::add);
        Map<String, List<URL>> selected = new LinkedHashMap<>();
        for (URL file : files) {
            for (String className : alternativeClasses(file)) {
                selected.computeIfAbsent(className, k -> new ArrayList<>()).add(file);
            }
        }
        return selected;
    }

    private static Optional<URL> warBeansXml(Class<?> anchor) {
        URL own = anchor.getResource(anchor.getSimpleName() + ".class");
        if (own == null) {
            return Optional.empty();
        }
        String location = own.toString();
        int lib = location.indexOf("/WEB-INF/lib/");
        if (lib < 0) {
            return Optional.empty();
        }
        String base = location.substring(0, lib);
        if (base.startsWith("jar:")) {
            base = base.substring(4);
        }
        try {
            URL candidate = new URL(base + "/WEB-INF/beans.xml");
            try (InputStream in = candidate.openStream()) {
                return Optional.of(candidate);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static List<String> alternativeClasses(URL file) {
        List<String> out = new ArrayList<>();
        try (InputStream in = file.openStream()) {
            Document doc = parser().parse(in);
            NodeList alternatives = doc.getElementsByTagNameNS("*", "alternatives");
            for (int i = 0; i < alternatives.getLength(); i++) {
                NodeList classes = ((Element) alternatives.item(i)).getElementsByTagNameNS("*", "class");
                for (int j = 0; j < classes.getLength(); j++) {
                    String name = classes.item(j).getTextContent().trim();
                    if (!name.isEmpty()) {
                        out.add(name);
                    }
                }
            }
        } catch (IOException | SAXException | ParserConfigurationException e) {
            // An unreadable beans.xml is the container's to report; nothing is selected here.
        }
        return out;
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }
}
