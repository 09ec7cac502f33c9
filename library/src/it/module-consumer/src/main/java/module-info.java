/** A named module that uses ffmap from the module path. */
module com.example.consumer {
    requires dev.ffmap;
}
