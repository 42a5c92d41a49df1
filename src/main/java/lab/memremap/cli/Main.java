package lab.memremap.cli;

/** Command-line entry point of the workbook jar. */
public final class Main {
    public static void main(String[] args) {
        System.out.println("memremap-lab");
    }
}
